package app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

public class Futures {
    static int ratio(int a, int b) {
        return a / b;
    }

    static int compute() throws ExecutionException, InterruptedException {
        return CompletableFuture.supplyAsync(() -> ratio(10, 0)).get();
    }

    public static void main(String[] args) throws Exception {
        System.out.println(compute());
    }
}
