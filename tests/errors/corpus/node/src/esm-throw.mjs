import { readFileSync } from "node:fs";

export function loadManifest(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

loadManifest(new URL("./manifest.json", import.meta.url));
