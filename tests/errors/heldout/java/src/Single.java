import java.util.Optional;

public class Single {
    static Optional<String> owner(String repo) {
        return repo.contains("/") ? Optional.of(repo.split("/")[0]) : Optional.empty();
    }

    public static void main(String[] args) {
        System.out.println(owner("hummel").orElseThrow());
    }
}
