function parseConfig(text) {
  if (!text.startsWith("{")) {
    throw new Error("config is not JSON: " + text.slice(0, 10));
  }
  return JSON.parse(text);
}

console.log("loading config");
parseConfig("port = 8080");
