//! Integration tests: the real server on port 0 with a fresh database per test
//! (SQLite, or PostgreSQL when TEST_DATABASE_URL is set). One binary for all.

mod analytics;
mod audit;
mod auth;
mod branding;
mod cli;
mod console;
mod customize;
mod errors;
mod helpers;
mod isolation;
mod issues;
mod limits;
mod matrix;
mod observability;
mod pages;
mod people;
mod plan;
mod platform;
mod provisioning;
mod quota;
mod rollups;
mod signup;
mod teams;
mod tokens;
mod webhooks;
