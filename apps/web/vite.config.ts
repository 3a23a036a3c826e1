import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

/**
 * The web app builds to apps/web/dist, which the server serves in production. In dev the
 * Vite server proxies the API paths to the Partnerflow server on port 3000, so the app
 * always talks to same-origin "/trpc" and "/api" URLs.
 */
const backend = "http://localhost:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)/ },
            { name: "data", test: /node_modules[\\/](@tanstack|@trpc)[\\/]/ },
            { name: "xyflow", test: /node_modules[\\/](@xyflow|d3-[a-z-]+|@dagrejs)[\\/]/ },
            { name: "zod", test: /node_modules[\\/](zod|decimal\.js)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/trpc": backend,
      "/api": backend,
    },
  },
});
