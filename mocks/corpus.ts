/**
 * Fixture answers about the textbook, so conversations in stories and tests read like the real
 * assistant's. Every source points at a page of the textbook site (website/docs).
 */
import { families, staircase } from '../tests/support/markdownPathology';

/** A page of the textbook, cited as a `url` source. */
export interface Source {
  url: string;
  title: string;
}

/** The three kinds of annotation source the reference server writes (`chatkit/types.py`). */
export type AnswerSource =
  | Source
  | { type: 'file'; filename: string; title: string }
  | { type: 'entity'; id: string; title: string; icon?: string; label?: string };

export interface Answer {
  text: string;
  sources: AnswerSource[];
  /**
   * What an Agents-SDK backend with a reasoning model sends first: a `workflow` item of type
   * `reasoning` whose tasks are these thoughts, done with `summary: { duration }`. No thoughts is an
   * empty workflow, which the server removes (`thread.item.removed`) before the answer.
   */
  reasoning?: { thoughts: string[]; seconds: number };
  /** `progress_update` events sent before the answer (a tool looking things up, say). */
  progress?: { text: string; icon?: string }[];
}

const docs = {
  intro: { url: '/docs/intro', title: 'Introduction to Physical AI' },
  ros2: { url: '/docs/ros2/overview', title: 'ROS 2: The Robotic Nervous System' },
  nodes: { url: '/docs/ros2/nodes-topics-services', title: 'Nodes, Topics and Services' },
  urdf: { url: '/docs/ros2/urdf-and-tf', title: 'URDF and TF' },
  twins: { url: '/docs/digital-twins/overview', title: 'Digital Twins and Simulation' },
  gazebo: { url: '/docs/digital-twins/gazebo', title: 'Simulating Robots in Gazebo' },
  unity: { url: '/docs/digital-twins/unity-and-sensors', title: 'Unity and Simulated Sensors' },
  isaac: { url: '/docs/isaac/overview', title: 'The AI Robot Brain: NVIDIA Isaac' },
  isaacSim: { url: '/docs/isaac/isaac-sim', title: 'Isaac Sim and Synthetic Data' },
  isaacRos: { url: '/docs/isaac/isaac-ros-navigation', title: 'Isaac ROS and Navigation (Nav2)' },
  vla: { url: '/docs/vla/overview', title: 'Vision-Language-Action' },
  voice: { url: '/docs/vla/voice-to-action', title: 'From Voice to Action' },
  capstone: { url: '/docs/vla/capstone', title: 'Capstone: The Autonomous Humanoid' },
} as const satisfies Record<string, Source>;

/** A corpus answer cites textbook pages only. */
export interface CorpusAnswer extends Answer {
  sources: Source[];
}

interface CorpusEntry extends CorpusAnswer {
  /** Lower-case words or phrases; each one found in the question scores (phrases score double). */
  keywords: string[];
  /** Words so general that any specific keyword of another entry should win over them. */
  weakKeywords?: string[];
}

export const corpus: readonly CorpusEntry[] = [
  {
    keywords: ['middleware', 'dds', 'rclpy', 'rclcpp', 'nervous', 'qos', 'operating system'],
    weakKeywords: ['ros', 'ros2'],
    text:
      'ROS 2 (Robot Operating System 2) is not an operating system but a middleware framework: ' +
      'libraries, tools and conventions for building robot software as many small cooperating programs. ' +
      "It replaces ROS 1's central master with DDS (Data Distribution Service), so programs discover each " +
      'other peer-to-peer and communication can be tuned with Quality of Service policies such as ' +
      'reliability and durability. You write nodes in Python with rclpy or in C++ with rclcpp, and tools ' +
      'such as `ros2 run`, `ros2 topic echo` and launch files start and inspect a whole system. In this ' +
      "textbook ROS 2 is the robot's nervous system, carrying sensor data to the AI brain and commands " +
      'back to the motors.',
    sources: [docs.ros2],
  },
  {
    keywords: [
      'node',
      'nodes',
      'topic',
      'topics',
      'publish',
      'publisher',
      'subscribe',
      'subscriber',
      'service',
      'services',
      'action',
      'actions',
      'message',
    ],
    text:
      'A node is a single-purpose process, such as a camera driver or a motion planner. Topics are ' +
      'named, typed channels for continuous data: publishers send messages (for example ' +
      '`sensor_msgs/msg/Image`) and any number of subscribers receive them without knowing who sent ' +
      'them. Services are request-response calls for quick, one-off work, while actions handle ' +
      "long-running goals such as 'walk to the door', with feedback along the way and the option to " +
      'cancel. As a rule of thumb: stream data on topics, ask questions with services and delegate tasks ' +
      'with actions.',
    sources: [docs.nodes, docs.ros2],
  },
  {
    keywords: [
      'urdf',
      'tf',
      'tf2',
      'frame',
      'frames',
      'transform',
      'link',
      'links',
      'joint',
      'joints',
    ],
    text:
      'URDF (Unified Robot Description Format) is an XML description of a robot as links, rigid bodies ' +
      'with visual, collision and inertial properties, connected by joints such as revolute, prismatic, ' +
      'continuous or fixed ones. `robot_state_publisher` reads the URDF and the current joint states and ' +
      'publishes the transforms between the links. TF2 keeps a time-stamped tree of coordinate frames, ' +
      'such as `map`, `odom`, `base_link` and `camera_link`, so any node can ask where one frame is ' +
      'relative to another at a given time. For a humanoid, this is how a point seen by the head camera ' +
      'is expressed in the frame of the hand that must reach it.',
    sources: [docs.urdf],
  },
  {
    keywords: [
      'digital twin',
      'twin',
      'gazebo',
      'simulation',
      'simulate',
      'simulator',
      'physics',
      'sdf',
    ],
    text:
      'A digital twin is a simulated copy of a robot and its environment that behaves closely enough to ' +
      'the real thing to develop and test software on it first. Gazebo simulates rigid-body physics, ' +
      'gravity, collisions and sensors, and describes worlds and models in SDF (Simulation Description ' +
      'Format). The `ros_gz` bridge connects Gazebo topics to ROS 2 topics, so the same nodes drive the ' +
      'simulated robot and, later, the real one. Simulation also lets you try risky behaviour, such as ' +
      'falls and collisions, safely and repeat an experiment exactly.',
    sources: [docs.gazebo, docs.twins],
  },
  {
    keywords: ['unity', 'sensor', 'sensors', 'lidar', 'camera', 'depth', 'imu', 'rendering'],
    text:
      'Unity is a game engine that complements Gazebo with high-fidelity rendering and rich scenes for ' +
      "human-robot interaction; the Unity Robotics Hub's ROS-TCP Connector links it to ROS 2. Simulated " +
      'sensors publish the same message types as real ones: a LiDAR gives laser scans or point clouds, a ' +
      'depth camera gives depth images, and an IMU gives orientation, angular velocity and linear ' +
      'acceleration. Adding realistic noise and limits to these sensors is what lets perception software ' +
      'developed in simulation hold up on a real robot.',
    sources: [docs.unity],
  },
  {
    keywords: [
      'isaac',
      'isaac sim',
      'nvidia',
      'omniverse',
      'usd',
      'synthetic',
      'synthetic data',
      'replicator',
      'photorealistic',
    ],
    text:
      'NVIDIA Isaac is a robotics platform with two halves that matter here: Isaac Sim, a photorealistic, ' +
      'physically based simulator built on Omniverse and USD, and Isaac ROS, a set of GPU-accelerated ROS ' +
      '2 packages. Isaac Sim generates synthetic training data with Replicator, randomising lighting, ' +
      'textures and object poses and labelling every image automatically with bounding boxes and ' +
      'segmentation masks. Training on such data and testing in simulation shortens the path from an idea ' +
      'to a robot that works in the real world.',
    sources: [docs.isaacSim, docs.isaac],
  },
  {
    keywords: [
      'isaac ros',
      'nav2',
      'navigation',
      'navigate',
      'vslam',
      'slam',
      'localization',
      'localisation',
      'path',
      'planning',
      'planner',
      'jetson',
    ],
    text:
      'Isaac ROS provides hardware-accelerated ROS 2 packages that run on NVIDIA GPUs and Jetson boards, ' +
      "such as Visual SLAM, which estimates the robot's pose from stereo cameras while it builds a map. " +
      'Nav2 is the ROS 2 navigation stack: given a map and a goal pose, its planner computes a global ' +
      'path, its controller follows that path while avoiding obstacles, and behaviour trees coordinate ' +
      'recovery when the robot gets stuck. Together, Isaac ROS supplies fast perception and localisation ' +
      'and Nav2 turns them into safe motion.',
    sources: [docs.isaacRos],
  },
  {
    keywords: [
      'vla',
      'vision-language-action',
      'vision language action',
      'language model',
      'llm',
      'gpt',
      'cognitive',
    ],
    text:
      'Vision-Language-Action (VLA) systems join three abilities: seeing the scene, understanding an ' +
      'instruction in natural language, and producing robot actions. A large language model often plans ' +
      "at a high level, breaking 'tidy the table' into steps such as finding a cup, grasping it and " +
      'placing it in a bin, while perception and ROS 2 controllers carry out each step. Grounding the ' +
      'words in what the cameras see is the hard part, and it is what separates a chatbot from a robot ' +
      'that acts.',
    sources: [docs.vla],
  },
  {
    keywords: ['voice', 'speech', 'whisper', 'spoken', 'command', 'commands', 'microphone'],
    text:
      'A voice-to-action pipeline first turns speech into text with a speech-recognition model such as ' +
      'OpenAI Whisper. A language model then maps the transcript to a structured command or a sequence ' +
      'of ROS 2 actions, for example a Nav2 goal followed by a grasp. The robot carries out each action, ' +
      'reports its progress, and asks for clarification when a command is ambiguous.',
    sources: [docs.voice, docs.vla],
  },
  {
    keywords: ['capstone', 'humanoid', 'project', 'autonomous', 'final'],
    text:
      'The capstone brings the course together in a simulated humanoid that receives a spoken command, ' +
      'plans a path, navigates around obstacles, recognises an object with computer vision and ' +
      'manipulates it. It combines ROS 2 for communication, Gazebo or Isaac Sim for the digital twin, ' +
      'Isaac ROS and Nav2 for perception and navigation, and a voice-to-action pipeline with a language ' +
      'model for planning. Building it one capability at a time, and testing each in simulation first, ' +
      'is the main lesson of the project.',
    sources: [docs.capstone],
  },
  {
    keywords: ['physical ai', 'embodied', 'intro', 'introduction', 'course', 'textbook', 'book'],
    text:
      'Physical AI means AI systems that act in the physical world: they sense their surroundings, ' +
      'reason about them and move, rather than only producing text or images. Humanoid robots are a ' +
      'natural fit because they share our form and can work in spaces built for people. The textbook ' +
      'follows that path from ROS 2, through simulation and NVIDIA Isaac, to vision-language-action ' +
      'models.',
    sources: [docs.intro],
  },
];

export const fallbackAnswer: CorpusAnswer = {
  text:
    'I can help with the topics of this textbook: ROS 2, digital twins in Gazebo and Unity, NVIDIA ' +
    'Isaac and Nav2, and vision-language-action models. Try asking, for example, "What is a ROS 2 ' +
    'topic?" or "How does Isaac Sim generate synthetic data?". The introduction is a good place to ' +
    'start.',
  sources: [docs.intro],
};

function score(entry: CorpusEntry, question: string, words: Set<string>): number {
  let points = 0;
  for (const keyword of entry.keywords) {
    const found = keyword.includes(' ') ? question.includes(keyword) : words.has(keyword);
    // Phrases are more specific than single words ("isaac ros" over "ros").
    if (found) points += keyword.includes(' ') ? 2 : 1;
  }
  for (const keyword of entry.weakKeywords ?? []) {
    if (words.has(keyword)) points += 0.25;
  }
  return points;
}

/** The corpus answer whose keywords best match the question, or a friendly fallback. */
export function pickAnswer(question: string): CorpusAnswer {
  const normalised = question.toLowerCase();
  const words = new Set(normalised.match(/[a-z0-9][a-z0-9-]*/g) ?? []);
  let best: CorpusEntry | undefined;
  let bestScore = 0;
  for (const entry of corpus) {
    const points = score(entry, normalised, words);
    if (points > bestScore) {
      best = entry;
      bestScore = points;
    }
  }
  return best ? { text: best.text, sources: [...best.sources] } : fallbackAnswer;
}

const markdownText = `## Publishing on a ROS 2 topic

A minimal publisher has three parts:

- a **node**, created with \`rclpy\`;
- a **publisher** on the \`chatter\` topic;
- a **timer** that sends a message every half second.

\`\`\`python
import rclpy
from rclpy.node import Node
from std_msgs.msg import String


class Talker(Node):
    def __init__(self):
        super().__init__('talker')
        self.publisher = self.create_publisher(String, 'chatter', 10)
        self.timer = self.create_timer(0.5, self.tick)

    def tick(self):
        msg = String()
        msg.data = 'hello'
        self.publisher.publish(msg)


rclpy.init()
rclpy.spin(Talker())
\`\`\`

Run it with \`python3 talker.py\` and watch the messages with \`ros2 topic echo /chatter\`.`;

const htmlInjectionText =
  'Here is how <b>topics</b> work: a publisher sends messages and subscribers receive them. ' +
  '<script>alert(1)</script>' +
  'A node may publish on several topics at once. <img src=x onerror="alert(1)"> ' +
  'Use <b>services</b> for request-response calls and <i>actions</i> for long-running goals. ' +
  '<a href="javascript:alert(1)">Read more</a>';

/** Joins corpus paragraphs under numbered headings until the text is at least `chars` long. */
function buildLongText(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const entry = corpus[i % corpus.length];
    if (!entry) break;
    const part = `Part ${i + 1}. ${entry.text}`;
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('\n\n');
}

/** Answers used by scenarios (`longAnswer`, `markdownAnswer`, `htmlInjectionAnswer`). */
export const specialAnswers = {
  /** A text of at least `chars` characters, made of real corpus paragraphs. */
  long: (chars = 12_000): Answer => ({
    text: buildLongText(chars),
    sources: [docs.ros2, docs.isaacRos],
  }),
  /** A heading, a list, inline code and a fenced Python block. */
  markdown: { text: markdownText, sources: [docs.nodes] } satisfies Answer,
  /** Markup the widget must show as text or sanitise, never execute. */
  htmlInjection: { text: htmlInjectionText, sources: [docs.nodes] } satisfies Answer,
};

// ---------------------------------------------------------------------------------------------
// Hostile answers (issue 18): what a model, misled or prompt-injected, could send to hurt the reader
// ---------------------------------------------------------------------------------------------

/**
 * A fence whose info string decodes to `x <className>`: a reader that copies the decoded info string
 * into `class` whole (`language-x <className>`) gives the answer's code any class of the page. The
 * issue's report used the panel's CSS-module class, `position: fixed` and drawn over the panel.
 */
export function smugglingFence(className: string): string {
  return `\`\`\`x&#32;${className}\nprint("a code line")\n\`\`\``;
}

/** Right-to-left overrides left open, isolates never closed, and zero-width characters. */
const bidiText = [
  '## \u202EEVIL heading\u202C of Isaac Sim',
  '',
  'The log is saved as \u202Etxt.exe\u202C, and this override is never closed: \u202Eabc 123 ' +
    'zero\u200Bwidth\u200Cnon\u200Djoiners\u2060word\uFEFFjoiner, an isolate left open \u2067here, ' +
    'a right-to-left mark\u200F.',
  '',
  '- \u202Eitem one',
  '- [\u202Egnp.exe](https://example.org/\u202Efile) `\u202Ecode\u200B span`',
  '',
  '> \u2066quoted \u202Eand overridden',
].join('\n');

/** The question names which hostile answer it gets: the first of these names it contains. */
const hostile: readonly [name: string, text: (rest: string) => string][] = [
  // `depth` quotes, each a level shallower, then a lazy line: exponential for a reader that
  // lexes a quote twice to place its lazy lines.
  ['staircase', () => staircase(30)],
  // A list item followed by 50 KB of lazy continuation lines.
  ['lazy list', () => families.lazyList!(50_000)],
  // 50 KB of strikethrough delimiters left open, and of HTML comment openers.
  ['strikethrough', () => families.strikethrough!(50_000)],
  ['comment openers', () => families.commentOpeners!(50_000)],
  // The fence: the class of the panel, in the build it was reported on.
  ['smuggled fence', () => smugglingFence('panel_UKBE')],
  // One fence per class named after it: the page's own classes, read from its DOM by the test.
  [
    'page classes',
    (rest) => (rest.match(/[A-Za-z0-9_-]+/g) ?? []).map(smugglingFence).join('\n\n'),
  ],
  ['bidi', () => bidiText],
];

/** The names a question may use to choose a hostile answer (`hostileAnswers` scenario). */
export const hostileAnswerNames = hostile.map(([name]) => name);

/**
 * A hostile answer, chosen by the question: it contains `staircase`, `lazy list`, `strikethrough`,
 * `comment openers`, `smuggled fence`, `page classes: <class> <class> …` (a fence for each class
 * named after it) or `bidi`, checked in this order. A question that names none gets the textbook's
 * usual answer. Each cites the introduction.
 */
export function hostileAnswerFor(question: string): Answer {
  const normalised = question.toLowerCase();
  for (const [name, text] of hostile) {
    const at = normalised.indexOf(name);
    if (at >= 0) return { text: text(question.slice(at + name.length)), sources: [docs.intro] };
  }
  return pickAnswer(question);
}

/** The file and entity sources a retrieval backend cites besides textbook pages. */
export const specialSources = [
  { type: 'file', filename: 'ros2-cheatsheet.pdf', title: 'ROS 2 command cheat sheet (PDF)' },
  { type: 'entity', id: 'glossary:qos', title: 'Glossary: Quality of Service', label: 'Glossary' },
] as const satisfies readonly AnswerSource[];

/** What a reasoning model's summary says before it answers, `count` thoughts long. */
export function reasoningFor(question: string, count: number): string[] {
  const topic = question.replace(/[?.!\s]+$/, '');
  const thoughts = [
    `The reader asks: "${topic}". The textbook covers this; I should find the chapter that explains it.`,
    'I will answer in a few sentences, define the terms first, and link the page to read next.',
    'A short example from the ROS 2 or Isaac chapters would make it concrete.',
  ];
  return Array.from({ length: count }, (_, i) => thoughts[i % thoughts.length]!);
}

/** What the widget tells the backend about the reader: the page (`metadata.page`) and language. */
export interface ReaderContext {
  page?: { url: string; title: string };
  /** `Accept-Language`. */
  language?: string;
}

const PAGE_QUESTION =
  /\b(this|the current) (page|chapter|section)\b|\bexplain (this|it)\b|یہ صفحہ|اس صفحے/i;
const URDU_SCRIPT = /[\u0600-\u06ff]/;

/** The corpus entry that cites the page at `url` (`/ur/docs/ros2/overview/` → ROS 2). */
function entryForPage(url: string): CorpusAnswer | undefined {
  const path = url
    .split(/[?#]/)[0]!
    .replace(/^\/ur(?=\/)/, '')
    .replace(/\/+$/, '');
  const entry = corpus.find((e) => e.sources[0]?.url === path);
  return entry && { text: entry.text, sources: [...entry.sources] };
}

/**
 * How the textbook's backend answers: "explain this page" from the page the reader is on, and in
 * Urdu when the reader's page is Urdu (`Accept-Language: ur`) and the question is written in Urdu.
 */
export function answerFor(question: string, reader: ReaderContext = {}): CorpusAnswer {
  const fromPage =
    reader.page && PAGE_QUESTION.test(question) ? entryForPage(reader.page.url) : undefined;
  const answer = fromPage ?? pickAnswer(question);
  const urdu = reader.language?.toLowerCase().startsWith('ur') && URDU_SCRIPT.test(question);
  if (!urdu) return answer;
  const title = answer.sources[0]?.title ?? 'Introduction to Physical AI';
  return {
    ...answer,
    text:
      `یہ سوال درسی کتاب کے صفحے «${title}» سے متعلق ہے۔ ` +
      'وہاں بنیادی تصورات کی تعریف، ایک سادہ مثال اور اگلے قدم دیے گئے ہیں۔ ' +
      'تفصیل کے لیے نیچے دیا گیا ماخذ کھولیں۔',
  };
}
