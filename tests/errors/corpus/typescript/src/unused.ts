declare function readFileSync(path: string, enc: string): string;

export function load(path: string) {
  const data = readFileSync(path, "utf8");
  return JSON.parse(dat);
}
