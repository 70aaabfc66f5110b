let port = process.env.PORT;
const unused = 1;

export function handle(req) {
  if (req.method == "GET") {
    return respond(req);
  }
  console.log("unhandled", port);
}
