// The renderer's entry: Vue, Pinia and the app shell. Runs in the renderer (Electron's sandboxed
// page or any browser through the browser host).
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import './styles.css'

createApp(App).use(createPinia()).mount('#app')
