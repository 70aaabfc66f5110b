// Run by Node 22 with type stripping: an enum is not strippable syntax.
enum Level {
  Info,
  Error,
}
const level: Level = Level.Info;
console.log(level);
