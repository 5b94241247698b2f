/**
 * A client for OpenAI-compatible chat-completions endpoints ({@code POST {baseUrl}/chat/completions}):
 * OpenAI, Gemini's OpenAI-compatible endpoint, vLLM, Ollama and most gateways. JDK HTTP client and
 * Jackson only, non-blocking, no Quarkus types.
 */
package dev.taskfleet.worker.provider.openai;
