// Chart.js, tree-shaken to what the story charts use and registered once. Loaded with a dynamic
// import by ChartCanvas, so it is a separate chunk that does not delay the first paint.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip);

export { Chart };
export type { ChartConfiguration, Plugin } from 'chart.js';
