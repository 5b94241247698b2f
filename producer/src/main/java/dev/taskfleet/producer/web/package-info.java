/**
 * The server side of the web view at {@code /} (its pages and scripts are static files under
 * {@code META-INF/resources}): the security headers every answer carries, and the call to the
 * router behind the route preview. Adapter: Vert.x routes and the JDK's HTTP client.
 */
package dev.taskfleet.producer.web;
