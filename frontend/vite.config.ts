import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Django serves the build: index.html through thor_backend/spa.py, the assets
// as static files under /static/. `npm run dev` serves from / and forwards
// the server's paths to a Django on 127.0.0.1:8000 (`manage.py runserver`).
const DJANGO = "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    proxy: { "/api": DJANGO, "/admin": DJANGO, "/static": DJANGO },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    // A viewer zone unlike every market's, so tests see which zone a time is in.
    env: { TZ: "America/Chicago" },
  },
}));
