package io.github.swarmdeploy.core.compose;

/**
 * What reading a stack may cost, so that no file makes loading hang or run out of memory. Where docker
 * has a limit the value is docker's, so that a file is refused exactly when {@code docker stack deploy}
 * refuses it; where docker has none (it reads until memory runs out) the bound is ours, far above any
 * real stack, and the README says so.
 *
 * <ul>
 *   <li>Alias expansion: yaml.v3's rule (see {@link YamlAliasBudget}): beyond 1000 decoded values, at
 *       most 99% of them may come from aliases, falling to 10% for documents of 4 million values.
 *       docker: "yaml: document contains excessive aliasing".</li>
 *   <li>Nesting: {@value #MAX_NESTING} levels of mappings and lists, the top-level mapping being the first,
 *       counted after aliases are expanded. docker: "exceeded max depth of 10000" (yaml.v3's scanner)
 *       and Go's JSON decoder, which the schema validation passes the file through.</li>
 *   <li>A compose file or a variables file: {@value #MAX_FILE_BYTES} bytes. docker: no limit.</li>
 *   <li>A line of an env file: at most {@value #MAX_ENV_LINE_BYTES} bytes. docker: "bufio.Scanner: token
 *       too long".</li>
 *   <li>A config or secret read from a file: less than {@value #MAX_CONFIG_BYTES} / {@value #MAX_SECRET_BYTES}
 *       bytes, the engine's limits. docker reads the whole file before the engine refuses it (from
 *       {@code /dev/zero}: until it runs out of memory).</li>
 * </ul>
 */
public final class ComposeLimits {

    /**
     * docker reads any size. 8 MiB is thousands of services; a 4 MB file of 26,000 services already costs
     * docker 12 s and 800 MB (yaml.v3 compares every key of a mapping with every other) and us as much memory.
     */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    /** yaml.v3's scanner (indentation and flow levels) and Go's encoding/json: 10000 levels. */
    public static final int MAX_NESTING = 10_000;

    /** docker's env files are read with a bufio.Scanner, whose lines end before 64 KiB. */
    public static final int MAX_ENV_LINE_BYTES = 64 * 1024 - 1;

    /** swarmkit: config data must be larger than 0 and less than this many bytes. */
    public static final int MAX_CONFIG_BYTES = 1000 * 1024;

    /** swarmkit: secret data must be larger than 0 and less than this many bytes. */
    public static final int MAX_SECRET_BYTES = 500 * 1024;

    private ComposeLimits() {
    }

    /** {@code 16 MiB}, {@code 500 KiB}, {@code 65535 bytes}: a limit as a user reads it. */
    static String bytes(long limit) {
        if (limit % (1024 * 1024) == 0) {
            return limit / (1024 * 1024) + " MiB";
        }
        if (limit % 1024 == 0) {
            return limit / 1024 + " KiB";
        }
        return limit + " bytes";
    }
}
