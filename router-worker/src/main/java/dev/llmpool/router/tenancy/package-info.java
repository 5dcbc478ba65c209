/** What the router knows of tenants: where their budgets stand, kept in memory for its pure core. */
package dev.llmpool.router.tenancy;
