package io.github.swarmdeploy.core.compose;

/** Key paths as users read them: {@code services.web.ports[0].published}. */
final class Paths {

    private Paths() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
