/**
 * The routing rules file, read one way by every role: {@link dev.llmpool.core.routing.RulesOutline} (its top level:
 * route names, aliases and their defaults), {@link dev.llmpool.core.routing.LiveRoutes} (the version in force, which
 * the router vetoes or takes) and {@link dev.llmpool.core.routing.RoutesFileWatcher} (each change of a file on disk).
 */
package dev.llmpool.core.routing;
