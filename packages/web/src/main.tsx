import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/global.css';
import { readStoredLocale } from './i18n/i18n';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('the page has no #root element');
}
document.documentElement.lang = readStoredLocale();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
