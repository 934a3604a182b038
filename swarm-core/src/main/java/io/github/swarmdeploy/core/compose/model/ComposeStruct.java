package io.github.swarmdeploy.core.compose.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** What a record of the model says about the docker type it mirrors, beyond its components. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComposeStruct {

    /** It keeps {@code x-*} extension keys (docker's {@code Extras}). */
    boolean extensions() default false;

    /**
     * In a list, items are merged by this key (docker's mergeSlice): a later file's item replaces the one with
     * the same key, and the list is sorted by it.
     */
    String mergeKey() default "";
}
