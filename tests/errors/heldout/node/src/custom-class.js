// An Error subclass with own fields, rejected and never handled.
class ValidationError extends Error {
  constructor(field, value) {
    super(`invalid value for ${field}`);
    this.name = "ValidationError";
    this.field = field;
    this.value = value;
  }
}
async function save(user) {
  if (!user.email.includes("@"))
    throw new ValidationError("email", user.email);
}
console.error("saving user");
save({ email: "ada.example.com" });
