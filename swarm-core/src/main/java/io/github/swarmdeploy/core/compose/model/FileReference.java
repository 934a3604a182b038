package io.github.swarmdeploy.core.compose.model;

import java.util.Optional;

/** A service's use of a config or secret ({@code source} is the key under top-level {@code configs:}/{@code secrets:}). */
@ComposeStruct(mergeKey = "source")
public record FileReference(
        String source,
        String target,
        String uid,
        String gid,
        @ComposeKey(form = ComposeKey.Form.FILE_MODE) Optional<Integer> mode) {

    public FileReference {
        source = Defaults.orEmpty(source);
        target = Defaults.orEmpty(target);
        uid = Defaults.orEmpty(uid);
        gid = Defaults.orEmpty(gid);
        mode = Defaults.optional(mode);
    }
}
