package io.github.swarmdeploy.core.golang;

import java.util.ArrayList;
import java.util.List;

/** github.com/google/shlex, which docker splits string commands with. */
public final class Shlex {

    private Shlex() {
    }

    /** google/shlex {@code Split}: POSIX-like words, quotes, backslash escapes, {@code #} comments. */
    public static List<String> split(String input) throws IllegalArgumentException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (true) {
            // start state
            StringBuilder value = new StringBuilder();
            boolean word = false;
            boolean comment = false;
            int state = 0; // 0 start, 1 inWord, 2 escaping, 3 escapingQuoted, 4 quotingEscaping, 5 quoting, 6 comment
            boolean done = false;
            while (!done) {
                if (i >= n) {
                    switch (state) {
                        case 0 -> {
                            return words;
                        }
                        case 2, 3 -> throw new IllegalArgumentException("EOF found after escape character");
                        case 4, 5 -> throw new IllegalArgumentException("EOF found when expecting closing quote");
                        default -> done = true;
                    }
                    continue;
                }
                char c = input.charAt(i++);
                boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
                switch (state) {
                    case 0 -> {
                        if (space) {
                            break;
                        }
                        if (c == '"') {
                            word = true;
                            state = 4;
                        } else if (c == '\'') {
                            word = true;
                            state = 5;
                        } else if (c == '\\') {
                            word = true;
                            state = 2;
                        } else if (c == '#') {
                            comment = true;
                            state = 6;
                        } else {
                            word = true;
                            value.append(c);
                            state = 1;
                        }
                    }
                    case 1 -> {
                        if (space) {
                            done = true;
                        } else if (c == '"') {
                            state = 4;
                        } else if (c == '\'') {
                            state = 5;
                        } else if (c == '\\') {
                            state = 2;
                        } else {
                            value.append(c);
                        }
                    }
                    case 2 -> {
                        value.append(c);
                        state = 1;
                    }
                    case 3 -> {
                        value.append(c);
                        state = 4;
                    }
                    case 4 -> {
                        if (c == '"') {
                            state = 1;
                        } else if (c == '\\') {
                            state = 3;
                        } else {
                            value.append(c);
                        }
                    }
                    case 5 -> {
                        if (c == '\'') {
                            state = 1;
                        } else {
                            value.append(c);
                        }
                    }
                    case 6 -> {
                        if (c == '\n') {
                            done = true;
                        }
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }
            if (word && !comment) {
                words.add(value.toString());
            }
        }
    }
}
