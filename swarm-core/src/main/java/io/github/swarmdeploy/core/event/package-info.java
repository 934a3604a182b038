/**
 * The typed events the core sends to whoever listens (a front-end's log, a test): each renders as one line
 * at a level, and packages add their own event types. Depends on the JDK only; formatting for a particular
 * front-end (Maven's log) belongs to that front-end.
 */
package io.github.swarmdeploy.core.event;
