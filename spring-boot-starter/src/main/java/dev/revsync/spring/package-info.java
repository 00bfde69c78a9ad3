/**
 * The revsync Spring Boot starter: the daily pipeline, its store, meters, health and console as
 * beans.
 */
package dev.revsync.spring;
