// A ReferenceError thrown three awaits deep; the trace has async frames.
async function fetchUser(id) {
  await new Promise((r) => setTimeout(r, 1));
  return { id, name: "ada" };
}
async function loadProfile(id) {
  const user = await fetchUser(id);
  return { user, avatar: avatarUrl(user) };
}
async function render(id) {
  const p = await loadProfile(id);
  return `<img src="${p.avatar}">`;
}
async function main() {
  console.log(await render(7));
}
main();
