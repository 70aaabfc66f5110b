async function fetchUser(id) {
  await new Promise((r) => setTimeout(r, 5));
  throw new RangeError(`user id out of range: ${id}`);
}

fetchUser(-1).then((u) => console.log(u));
