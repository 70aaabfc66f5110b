// Reads a config file that is not there (fs error with its property block).
const fs = require("node:fs");
console.error("loading settings");
const text = fs.readFileSync("settings.local.json", "utf8");
console.log(JSON.parse(text));
