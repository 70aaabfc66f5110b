const helpers = require("./lib/helpers");
console.log(helpers.version);
