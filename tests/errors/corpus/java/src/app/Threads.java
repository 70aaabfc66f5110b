package app;

public class Threads {
    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            int[] xs = new int[2];
            xs[5] = 1;
        }, "worker-1");
        t.start();
        t.join();
        System.err.println("main: worker ended");
    }
}
