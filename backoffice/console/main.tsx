import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FleetConsole } from './FleetConsole';
import './console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FleetConsole />
  </StrictMode>,
);
