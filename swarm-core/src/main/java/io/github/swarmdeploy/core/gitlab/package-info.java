/**
 * GitLab merge requests as a CI pipeline sees them: which one the pipeline runs for, and notes posted to it
 * through GitLab's REST API (the JDK's HTTP client). A note that cannot be posted is a warning, never a
 * failure. Depends on {@code event} and Jackson only.
 */
package io.github.swarmdeploy.core.gitlab;
