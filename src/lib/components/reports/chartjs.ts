/**
 * Chart.js, registered with only what the reports draw (bar, line, doughnut; category and linear
 * axes; legend and tooltip): the rest of the library stays out of the page's JavaScript.
 * Loaded by ReportChart in the browser only (`import('./chartjs')`).
 */
import {
	ArcElement,
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	DoughnutController,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

Chart.register(
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	DoughnutController,
	ArcElement,
	CategoryScale,
	LinearScale,
	Legend,
	Tooltip
);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
Chart.defaults.color = '#1a1a1a';

export { Chart };
