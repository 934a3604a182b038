package io.github.swarmdeploy.core.prune;

/** The kinds of stack object prune may remove; services are never among them. */
public enum ObjectKind {
    CONFIG("config", "configs"),
    SECRET("secret", "secrets"),
    NETWORK("network", "networks");

    private final String singular;
    private final String plural;

    ObjectKind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** {@code config}, as in {@code docker config rm}. */
    public String singular() {
        return singular;
    }

    /** {@code configs}, as in the Engine API path {@code /configs}. */
    public String plural() {
        return plural;
    }

    /** "1 config", "2 configs". */
    public String count(long n) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
