package app;

public class Recurse {
    static int depth(int[] tree, int i) {
        return 1 + depth(tree, (i * 2 + 1) % tree.length);
    }

    public static void main(String[] args) {
        System.out.println(depth(new int[] {1, 2, 3}, 0));
    }
}
