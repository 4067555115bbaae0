import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'

export default defineConfig({
  root: 'bench/countdowns',
  plugins: [react(), tailwindcss()],
  build: { outDir: '../../test-results/bench-countdowns', emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
})
