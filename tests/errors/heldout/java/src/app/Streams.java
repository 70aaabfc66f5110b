package app;

import java.util.List;
import java.util.stream.Collectors;

public class Streams {
    public static void main(String[] args) {
        List<String> raw = List.of("10", "20", "thirty", "40");
        List<Integer> ports = raw.stream().map(Integer::parseInt).collect(Collectors.toList());
        System.out.println(ports);
    }
}
