/**
 * The demo's sample outlet: invented stories (not real news) in the style of a regional
 * analytics and news outlet, with sections, bylines, categories, covers and full article
 * pages. Data only: the code that serves it (outlet-server.ts) knows nothing of what it says,
 * so another outlet's demo is another file like this one.
 */
import type { SampleOutlet, SampleStoryData } from './outlet-server.js';

export const SAMPLE_OUTLET: SampleOutlet = {
  title: 'Sample Outlet',
  description: "Invented stories in the style of a regional news outlet, for Herald's demo. Not real news.",
  language: 'en',
  /** Dates are written in the outlet's own zone, as many outlets do. */
  offsetMinutes: 240,
};

export const SAMPLE_STORIES: readonly SampleStoryData[] = [
  {
    slug: 'caspian-ferries-night-sailings',
    title: 'Caspian ferry operators add night sailings as Middle Corridor cargo grows',
    categories: ['News', 'Economy'],
    lead: 'Ferry operators on the Caspian Sea will add night sailings between Baku and Aktau from next month…',
    body: [
      'Ferry operators on the Caspian Sea will add night sailings between the ports of Baku and Aktau from next month, as freight moving along the Middle Corridor between China and Europe keeps growing.',
      'The operators said the extra sailings would cut the time lorries and rail wagons wait at both ports, which rose this autumn as more shippers chose the route across Kazakhstan, the Caspian and the South Caucasus.',
      'Port officials in Azerbaijan said new berths at the Alat port would be ready for the night traffic, and that customs checks would run around the clock. Kazakh officials expect the Aktau terminal to handle a record volume of containers this year.',
      'Logistics companies welcomed the change but said rail capacity in Georgia and Türkiye would decide how much of the extra cargo reaches Europe on time.',
    ],
    minutesAgo: 12,
    color: '#1f6f8b',
  },
  {
    slug: 'central-asia-water-data',
    title: "Analysis: Why Central Asia's water diplomacy is moving from summits to shared data",
    categories: ['Analytics', 'Climate', 'Central Asia'],
    author: 'Leyla Hasanova',
    lead: 'Shared river data may do more for the region than another summit declaration…',
    body: [
      'For three decades the states of Central Asia have met to share the waters of the Amu Darya and the Syr Darya, and for three decades the declarations have outrun the data. That is starting to change.',
      'Uzbekistan, Kazakhstan, Kyrgyzstan and Tajikistan now exchange daily readings from dozens of river gauges, and engineers from the four countries meet monthly to compare forecasts of spring floods and summer shortages.',
      'The shift matters because the quarrels of the past were rarely about principles. They were about numbers that no side trusted: how much water a reservoir held, how much a canal took, how much reached the fields downstream.',
      'Shared data will not end the tension between upstream hydropower and downstream irrigation, and a hot, dry summer would test it. But it gives negotiators something declarations never did: a common picture of the river.',
    ],
    minutesAgo: 49,
    color: '#2e7d32',
  },
  {
    slug: 'georgia-armenia-border-hours',
    title: 'Georgia and Armenia extend border crossing hours for freight trucks',
    categories: ['News', 'South Caucasus'],
    lead: 'The Sadakhlo–Bagratashen crossing will stay open for freight around the clock…',
    body: [
      'Georgia and Armenia agreed to keep the Sadakhlo–Bagratashen border crossing open for freight trucks around the clock, after queues of lorries stretched for several kilometres during the harvest season.',
      "The two governments said extra customs staff would work the night shifts and that an electronic queue, already used at Georgia's border with Türkiye, would be introduced at the crossing early next year.",
      'Hauliers said the change would shorten the trip from Yerevan to the Black Sea ports of Poti and Batumi by up to a day, and that fresh produce would reach buyers in Russia and Europe in better condition.',
    ],
    minutesAgo: 83,
    color: '#6a1b9a',
  },
  {
    slug: 'interview-trans-caspian-route',
    title: 'Interview: A logistics economist on what the Trans-Caspian route still lacks',
    categories: ['Interview', 'Economy'],
    author: 'Daniel Hartmann',
    lead: 'Tariffs, timetables and one booking system: what shippers still miss on the route…',
    body: [
      'Shippers like the Trans-Caspian route for its reliability but still find it hard to book, says a logistics economist who has studied the corridor for a decade. In this interview he explains what is missing.',
      '“The railways, the ports and the ferries are each improving, but a shipper still has to deal with five or six companies and as many tariffs,” he says. “A single booking and a single timetable would do more than any new berth.”',
      'He expects the route to keep growing while other routes between China and Europe remain uncertain, but warns that growth alone will not make it cheaper. “Volumes bring prices down only when capacity is planned together, from Kazakhstan to Türkiye.”',
      'Asked what he would change first, he names customs: documents that are already checked in one country should not be checked again at every border on the way.',
    ],
    minutesAgo: 131,
    color: '#ef6c00',
  },
  {
    slug: 'opinion-europe-gas-contracts',
    title: "Opinion: Europe's gas diversification needs longer contracts, not more summits",
    categories: ['Opinion', 'Energy'],
    author: 'Rauf Karimli',
    lead: 'Suppliers will not build pipelines on the strength of communiqués…',
    body: [
      'Europe says it wants more gas from the Caspian region, and the region says it is ready to send it. Yet the pipelines that would carry it are expanding slowly, and the reason is not geology or engineering. It is the length of the contracts on offer.',
      'European buyers prefer short contracts that let them leave the market as demand falls. Producers and pipeline builders, who must raise billions for new capacity, need buyers who commit for fifteen or twenty years.',
      'Summits can declare strategic partnerships, but lenders read contracts, not communiqués. If Europe wants the extra volumes it keeps asking for, it will have to sign for them.',
    ],
    minutesAgo: 176,
    color: '#37474f',
  },
  {
    slug: 'turkiye-aegean-solar-tender',
    title: 'Türkiye opens tender for a large solar plant on the Aegean coast',
    categories: ['News', 'Energy'],
    lead: 'The plant would be among the largest in the country when complete…',
    body: [
      'Türkiye opened a tender for a solar power plant on its Aegean coast that would be among the largest in the country once complete, the energy ministry said.',
      'Bidders must also build a battery store beside the plant, so that part of the power it makes at midday can be sold in the evening peak. The winner will be chosen by the lowest price per megawatt-hour offered.',
      'The tender is part of a plan to double the share of solar and wind in the country’s electricity supply by the end of the decade and to cut imports of natural gas for power generation.',
    ],
    minutesAgo: 214,
    color: '#f9a825',
  },
  {
    slug: 'kazakhstan-grain-caspian-ports',
    title: "Kazakhstan's grain shipments through Caspian ports reach a seasonal high",
    categories: ['News', 'Economy'],
    lead: 'More wheat is leaving by sea towards Iran and the South Caucasus…',
    body: [
      'Grain shipments from Kazakhstan through its Caspian ports reached a seasonal high this month, as more wheat and barley left by sea for Iran, Azerbaijan and onward markets.',
      'Exporters said a good harvest and new grain terminals at Aktau and Kuryk had made the sea route cheaper than rail for several buyers in the south.',
      'Traders expect shipments to stay high until the northern Caspian begins to freeze, when vessels must switch to the southern ports.',
    ],
    minutesAgo: 265,
    color: '#8d6e63',
  },
  {
    slug: 'gulf-investors-central-asia',
    title: 'Analysis: How the Gulf states are courting Central Asian investors and markets',
    categories: ['Analytics', 'Middle East', 'Central Asia'],
    author: 'Leyla Hasanova',
    lead: 'Sovereign funds from the Gulf are looking north, and not only for energy…',
    body: [
      'Sovereign funds from the Gulf have spent the past two years signing agreements across Central Asia, from power plants in Uzbekistan to airports and logistics hubs in Kazakhstan.',
      'Energy still dominates the headlines, but the deals reach further: food security, water treatment and data centres all feature in the memoranda signed this year.',
      'For the Central Asian states, Gulf capital offers a way to finance projects without leaning on a single large neighbour. For the Gulf, the region offers food, minerals and a land bridge between Asia and Europe.',
      'Whether the agreements turn into projects will depend on the slower work of regulation, currency rules and courts that investors trust, areas where reforms in the region are still under way.',
    ],
    minutesAgo: 318,
    color: '#00838f',
  },
  {
    slug: 'astara-road-bridge-talks',
    title: 'Iran and Azerbaijan hold technical talks on a new road bridge over the Astara river',
    categories: ['News', 'South Caucasus', 'Iran'],
    lead: 'Engineers from both sides met in Astara to agree on the route and the timetable…',
    body: [
      'Engineers from Iran and Azerbaijan met in the border town of Astara to agree on the route and timetable of a new road bridge over the Astara river, officials from both countries said.',
      'The bridge would take lorries off the old crossing in the town centre and connect to the North–South transport corridor, which links Russia with the Gulf through Azerbaijan and Iran.',
      'Construction could start next year if the designs are approved, the officials said, adding that the two sides would share the cost.',
    ],
    minutesAgo: 377,
    color: '#5d4037',
  },
  {
    slug: 'uzbekistan-business-e-visa',
    title: 'Uzbekistan launches an e-visa pilot for business travellers',
    categories: ['News', 'Central Asia'],
    lead: 'Applications will be answered within three working days, officials say…',
    body: [
      'Uzbekistan launched a pilot electronic visa for business travellers from countries whose citizens still need a visa, promising answers within three working days.',
      'Applicants upload an invitation from an Uzbek company and pay the fee online; the visa is valid for thirty days and one entry during the pilot, which runs for a year.',
      'Officials said the scheme would be extended to several entries if it works, as part of a wider effort to attract investors and conference visitors to Tashkent and Samarkand.',
    ],
    minutesAgo: 442,
    color: '#3949ab',
  },
  {
    slug: 'baku-mountain-climate-forum',
    title: 'Baku hosts a regional forum on climate adaptation for mountain communities',
    categories: ['News', 'Climate'],
    lead: 'Experts from the South Caucasus and Central Asia compared early-warning systems for mudflows and floods in mountain valleys, and agreed to share their data.',
    body: [
      'Experts from the South Caucasus and Central Asia met in Baku to compare early-warning systems for mudflows and floods, which have become more frequent in mountain valleys as glaciers retreat and heavy rains grow more intense.',
      'Delegates from Azerbaijan, Georgia, Kyrgyzstan and Tajikistan described sirens, river sensors and text-message alerts that gave villages minutes to hours of warning during recent floods.',
      'The forum ended with an agreement to share sensor data across borders where rivers cross them, and to train local volunteers who can keep the equipment running through the winter.',
    ],
    minutesAgo: 520,
    inFeed: true,
    color: '#00695c',
  },
  {
    slug: 'china-rail-freight-southern-routes',
    title: "Analysis: China's rail freight to Europe finds new southern routes",
    categories: ['Analytics', 'East Asia', 'Europe'],
    author: 'Daniel Hartmann',
    lead: 'Trains from China increasingly cross the Caspian and the South Caucasus rather than going north. Why shippers are changing routes, and what it means for the ports and railways on the way.',
    body: [
      'Container trains from China to Europe have long travelled north, through Kazakhstan, Russia and Belarus. In the past three years a growing share has turned south and west, across the Caspian Sea and the South Caucasus to Türkiye and the Black Sea.',
      'Shippers cite the risk of sanctions and insurance costs on the northern route, and the improving reliability of the southern one. Chinese rail operators now run scheduled services to Baku and onward to Georgia.',
      'The southern route remains slower and involves more transfers between trains and ships. Its capacity, a fraction of the northern route’s, will decide whether it becomes an alternative or stays a supplement.',
    ],
    minutesAgo: 611,
    inFeed: true,
    color: '#c62828',
  },
];
