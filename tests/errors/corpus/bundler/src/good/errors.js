export function report(x) { console.log("errors: none", x); }
