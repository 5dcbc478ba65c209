/** The Spring Boot application that hosts whichever roles a process runs. */
package dev.llmpool.launcher.app;
