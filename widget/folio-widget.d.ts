// Types for folio-widget.js: Folio in any page.

export type EmbedMode = 'live' | 'click-to-load' | 'off';
export type Theme = 'light' | 'dark' | 'auto';

/**
 * A Hugo site's files as Folio's index.json carries them (`folio index --site DIR`
 * writes them under `site`): the config file and the shortcode templates.
 */
export interface SiteFiles {
  /** [file name, text] of hugo.toml (or config.yaml, config.json, …). */
  config?: [string, string];
  /** layouts/shortcodes/NAME.html sources by NAME. */
  shortcodes?: Record<string, string>;
}

export interface RenderOptions {
  /** Someone else's content: raw HTML sanitised or dropped, no script, no inline shortcodes. Default false. */
  untrusted?: boolean;
  /** Keep raw HTML written in the Markdown (Hugo's goldmark `unsafe`); sanitised when untrusted. Default false: omitted. */
  unsafe?: boolean;
  /** When Twitter/X's widgets.js may load: 'live' (default), 'click-to-load' or 'off'. */
  embeds?: EmbedMode;
  /** Colour scheme of the rendered post; 'auto' follows prefers-color-scheme. */
  theme?: Theme;
  /** Relative links and images in the post resolve against this URL. */
  base?: string;
  /** Twitter/X's widgets.js URL (default: <meta name="folio:tweet-script">, else platform.twitter.com). */
  tweetScript?: string;
  /** highlight.js URL; without it code is not highlighted (nothing is loaded). */
  highlighter?: string;
  /** Render into an open shadow root with Folio's styles (default true). */
  shadow?: boolean;
  /** The site's config and shortcode templates (default: Hugo's defaults, no templates). */
  site?: SiteFiles;
}

export interface FolioHandle {
  /** Re-renders with new Markdown (and options): unchanged blocks keep their DOM (and live embeds). */
  update(markdown: string, options?: RenderOptions): void;
  /** Unmounts the post and frees its memory; later calls do nothing. */
  destroy(): void;
  readonly mounted: boolean;
}

/** Loads the wasm (once); every other function awaits it. */
export function ready(): Promise<unknown>;

/** Renders `markdown` (a post file, front matter optional) into `element`. */
export function render(element: Element, markdown: string, options?: RenderOptions): Promise<FolioHandle>;

/** The post as an HTML string: errors, title and content, nothing live. */
export function renderToString(markdown: string, options?: Omit<RenderOptions, 'shadow' | 'theme'>): Promise<string>;

/** Shortcode parameters as Hugo's .Params: none, positional or named. */
export type ShortcodeParams = null | Array<string | number | boolean> | Record<string, string | number | boolean>;

/**
 * Registers a shortcode implemented in JavaScript. It returns HTML for
 * {{< name >}} and Markdown for {{% name %}}; for untrusted content the
 * output is sanitised. Mounted posts re-render.
 */
export function registerShortcode(
  name: string,
  fn: (params: ShortcodeParams, inner: string | undefined) => string,
): Promise<void>;

/** <folio-post src theme embeds untrusted base no-shadow tweet-script highlighter> */
export interface FolioPostElement extends HTMLElement {
  refresh(): void;
}

/** <folio-markdown theme embeds untrusted base no-shadow tweet-script highlighter>: renders its own text. */
export interface FolioMarkdownElement extends FolioPostElement {
  /** The Markdown it renders; setting it re-renders (also with no-shadow). */
  markdown: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'folio-post': FolioPostElement;
    'folio-list': FolioPostElement;
    'folio-markdown': FolioMarkdownElement;
  }
  interface HTMLElementEventMap {
    /** An element rendered (or re-rendered). */
    'folio-render': CustomEvent<void>;
    /** An element could not render; its message is shown inside it. */
    'folio-error': CustomEvent<{ message: string }>;
  }
}
