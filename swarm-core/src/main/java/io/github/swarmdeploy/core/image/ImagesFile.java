package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.OutputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code images.json}: the images a push produced, one object per service with {@code service},
 * {@code image} ({@code repository:tag}), {@code tag} and {@code digest}, for later pipeline steps.
 */
public final class ImagesFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImagesFile() {
    }

    public static void write(Path file, List<PushedImage> images) {
        ArrayNode array = JSON.createArrayNode();
        for (PushedImage image : images) {
            array.addObject()
                    .put("service", image.service())
                    .put("image", image.image())
                    .put("tag", image.tag())
                    .put("digest", image.digest());
        }
        OutputFile.write(file, array.toPrettyString() + "\n", "the list of pushed images");
    }

    public static List<PushedImage> read(Path file) {
        try {
            List<PushedImage> images = new ArrayList<>();
            for (var node : JSON.readTree(file.toFile())) {
                images.add(new PushedImage(node.path("service").asText(), node.path("image").asText(),
                        node.path("tag").asText(), node.path("digest").asText()));
            }
            return images;
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
