function parse(text) {
  const [k, v] = text.split("=");
  return { [k]: v ;
}
module.exports = { parse };
