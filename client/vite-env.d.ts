// Types for Vite's module forms used by the client (`?url` imports, CSS side-effect imports).
/// <reference types="vite/client" />
