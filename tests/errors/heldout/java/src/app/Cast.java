package app;

import java.util.HashMap;
import java.util.Map;

public class Cast {
    public static void main(String[] args) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("retries", "3");
        int retries = (Integer) settings.get("retries");
        System.out.println(retries);
    }
}
