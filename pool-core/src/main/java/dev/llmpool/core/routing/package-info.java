/**
 * The routing rules file as a live document: {@link dev.llmpool.core.routing.LiveRoutes} holds the text in force and
 * the route aliases the gateway accepts, and lets the router veto or take each new version;
 * {@link dev.llmpool.core.routing.RoutesFileWatcher} offers it every change of a rules file on disk.
 */
package dev.llmpool.core.routing;
