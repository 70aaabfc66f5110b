interface User {
  id: number;
  name: string;
}

function greet(u: User): string {
  return "hello " + u.nme;
}

const port: number = "8080";
greet({ id: 1 });
export {};
