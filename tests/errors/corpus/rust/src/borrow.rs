fn main() {
    let mut names = vec![String::from("a")];
    let first = &names[0];
    names.push(String::from("b"));
    println!("{first}");
}
