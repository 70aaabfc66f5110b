function readDb() {
  const err = new Error("ENOENT: no such file, open 'db.sqlite'");
  err.code = "ENOENT";
  throw err;
}
function start() {
  try {
    readDb();
  } catch (e) {
    throw new Error("cannot start store", { cause: e });
  }
}
start();
