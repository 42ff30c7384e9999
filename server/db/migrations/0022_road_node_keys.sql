-- Replacing the walking network deletes its nodes after its edges: each node's delete checks that no
-- edge still refers to it, and without an index on the edges' ends that check read the whole edge
-- table each time — a city's second import (164,000 nodes × 177,000 edges) ran for more than eight
-- minutes in that one statement. With these it is an index lookup per node.
CREATE INDEX roads_source ON roads (source);
CREATE INDEX roads_target ON roads (target);
