function load() {
  return Promise.reject("database unavailable");
}
load();
setTimeout(() => {}, 10);
