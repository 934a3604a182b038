package io.github.swarmdeploy.core.naming;

import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.FileObject;
import io.github.swarmdeploy.core.convert.ObjectNamer;
import io.github.swarmdeploy.core.event.EventListener;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The names a deploy gives the configs and secrets a stack owns:
 * <ul>
 *   <li>an explicit {@code name:} as written (docker's rule);</li>
 *   <li>{@code name: ${VAR}} with VAR unset: what the replaced {@code get-config-versions.py} exported,
 *       {@code lower(VAR) + "_" + md5hex(content)}, with a note that the line is no longer needed;</li>
 *   <li>otherwise {@code <stack>_<key>_<content hash>} ({@link VersionedName}).</li>
 * </ul>
 * Every one is labelled as ours, with its logical key and content hash ({@link StackLabels}), and so is every
 * network the stack creates, so that prune may remove it once no service uses it. A config's hash is
 * the plain hash of its content; a secret's is keyed with the stack's {@link SecretVersionKey}, in its name and
 * its label alike, so that nothing a deploy prints or stores lets anyone test guesses of a secret's value.
 */
public final class ContentVersionNamer implements ObjectNamer {

    private final StackDefinition definition;
    private final EventListener events;
    private final SecretVersionKey secretKey;

    /**
     * @param definition the loaded stack, to say where a {@code name:} line is written
     * @param secretKey  the stack's key for the versions of its secrets
     */
    public ContentVersionNamer(StackDefinition definition, EventListener events, SecretVersionKey secretKey) {
        this.definition = definition;
        this.events = events;
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String name(FileObject object) {
        Optional<String> explicit = object.explicitName().filter(name -> !name.isEmpty());
        if (explicit.isPresent()) {
            return explicit.get();
        }
        Optional<String> variable = object.definition().nameVariable();
        if (variable.isPresent()) {
            String name = LegacyNameVariable.valueFor(variable.get(), object.data());
            String section = object.kind() == FileObject.Kind.CONFIG ? "configs" : "secrets";
            events.info(locateName(section + "." + object.key()) + ": ${" + variable.get()
                    + "} is not set, so it is named " + name + " as get-config-versions.py did; the name: line is no"
                    + " longer needed (without it, every change of the content gets a new name by itself"
                    + (object.kind() == FileObject.Kind.SECRET
                    ? ", and one that does not reveal the secret: this name ends in a plain MD5 of its content,"
                    + " which lets whoever reads it test guesses)" : ")"));
            return name;
        }
        return VersionedName.of(object.stack(), object.key(), hash(object));
    }

    /** A config's plain content hash; a secret's, keyed. */
    private ContentHash hash(FileObject object) {
        return object.kind() == FileObject.Kind.SECRET ? ContentHash.keyed(object.data(), secretKey)
                : ContentHash.of(object.data());
    }

    /**
     * Where the {@code name:} line is: an empty name does not survive loading, so its position is the
     * object's own when the line's is gone.
     */
    private String locateName(String objectPath) {
        String namePath = objectPath + ".name";
        return definition.positionOf(namePath).or(() -> definition.positionOf(objectPath))
                .map(position -> position + " " + namePath).orElse(namePath);
    }

    @Override
    public Map<String, String> labels(FileObject object) {
        Map<String, String> labels = StackLabels.forVersionedObject(object.stack(), object.key(), hash(object));
        if (object.kind() == FileObject.Kind.SECRET) {
            labels.put(StackLabels.HASH_KEY, secretKey.id());
        }
        return labels;
    }

    @Override
    public Map<String, String> networkLabels(String stack) {
        return StackLabels.forCreatedNetwork();
    }
}
