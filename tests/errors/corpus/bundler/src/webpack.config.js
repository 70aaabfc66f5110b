const path = require("path");
module.exports = (env) => ({
  mode: "development",
  devtool: false,
  context: path.resolve(__dirname, env.dir),
  entry: "./main.js",
  output: { path: path.resolve(__dirname, "dist", env.dir), filename: "bundle.js" },
});
