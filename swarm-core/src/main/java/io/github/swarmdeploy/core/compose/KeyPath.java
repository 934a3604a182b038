package io.github.swarmdeploy.core.compose;

/**
 * A key path ({@code services.web.ports[0]}) built only when a message needs it: each value knows its
 * parent and its own key or index, so walking a document 10000 levels deep costs no 10000-character
 * strings per level.
 */
record KeyPath(KeyPath parent, String key, int index) {

    static final KeyPath ROOT = new KeyPath(null, null, -1);

    KeyPath child(String childKey) {
        return new KeyPath(this, childKey, -1);
    }

    KeyPath item(int childIndex) {
        return new KeyPath(this, null, childIndex);
    }

    /** The path as docker matches its type casts against it: keys joined with ".", list items as "[]". */
    String dockerPath() {
        if (parent == null) {
            return "";
        }
        String before = parent.dockerPath();
        String segment = key == null ? "[]" : key;
        return before.isEmpty() ? segment : before + "." + segment;
    }

    /** The path with at most its first 12 segments, for a path thousands of levels deep. */
    String abbreviated() {
        int depth = 0;
        for (KeyPath at = this; at.parent != null; at = at.parent) {
            depth++;
        }
        KeyPath shown = this;
        for (int i = depth; i > 12; i--) {
            shown = shown.parent;
        }
        return depth > 12 ? shown + "... (" + depth + " levels)" : toString();
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        String before = parent.toString();
        return key == null ? Paths.item(before, index) : Paths.child(before, key);
    }
}
