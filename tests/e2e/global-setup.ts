// Builds the client once before the browser suite.
import { buildClientIfStale } from '../../scripts/lib/build-client.js'

export default function setup() {
  buildClientIfStale()
}
